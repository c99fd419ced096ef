package jsonata
import ("testing";"context")
func TestDbg(t *testing.T){
	for _, s := range []string{`$map($, $match(?, /^(\w*\s\w*)/))`, `$map($, function($v){$v})`, `$map($, $uppercase)`} {
		e, err := Compile(s)
		t.Log(err)
		if err == nil { r, err := e.Evaluate(context.Background(), []any{"Felicia Saunders", "Jimmy Schultz"}); t.Logf("%#v %v", r, err) }
	}
}
