package definition

import (
	"errors"
	"fmt"

	"github.com/workflowbuilder/wfb/jsonata"
)

// JSONataCompiler is the default [ExprCompiler]: it parses with the jsonata
// package, and its errors name the JSONata error code and position.
type JSONataCompiler struct{}

// Compile parses src.
func (JSONataCompiler) Compile(src string) error {
	_, err := jsonata.Compile(src)
	var je *jsonata.Error
	if errors.As(err, &je) {
		return fmt.Errorf("JSONata error %s at position %d: %s", je.Code, je.Position, je.Message)
	}
	return err
}

var defaultCompiler ExprCompiler = JSONataCompiler{}
