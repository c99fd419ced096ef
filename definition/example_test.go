package definition_test

import (
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
)

func ExampleValidate() {
	raw := []byte(`{
	  "id": "x", "name": "Self Loop",
	  "steps": [
	    {"id": "start", "type": "start", "name": "Start"},
	    {"id": "a", "type": "human.confirm", "name": "A"},
	    {"id": "end", "type": "end", "name": "End"}
	  ],
	  "stepTransitions": [
	    {"id": "t1", "fromStepId": "start", "toStepId": "a"},
	    {"id": "t2", "fromStepId": "a", "toStepId": "end"},
	    {"id": "t3", "fromStepId": "a", "toStepId": "a"}
	  ]
	}`)
	issues := definition.Validate(raw, definition.Options{})
	for _, i := range issues {
		fmt.Println(i.Severity, i.Rule, i.Path, i.StepID)
	}
	fmt.Println("publishable:", !definition.HasErrors(issues))
	// Output:
	// ERROR NO_SELF_LOOPS /stepTransitions/2/toStepId a
	// ERROR ONLY_SPLIT_GATEWAY_CAN_FAN_OUT /steps/1 a
	// publishable: false
}

func ExampleDecode() {
	// Enum keys, an expression without a type and a mapping without an id
	// are accepted; the canonical form is written back.
	d, err := definition.Decode([]byte(`{"id": "d", "name": "D", "steps": [
	  {"id": "kyc", "type": "SYS_SUB_WORKFLOW", "name": "KYC", "mode": "SINGLE",
	   "childWorkflowTemplateVersionId": "v1", "x-color": "blue",
	   "inputMapping": [{"targetPath": "customerId",
	     "value": {"type": "field", "ref": {"source": "CONTEXT", "path": "customer.id"}}}]}],
	  "stepTransitions": []}`))
	if err != nil {
		panic(err)
	}
	s := d.Steps[0]
	fmt.Println(s.Type, s.InputMapping[0].ID, s.InputMapping[0].Value.Ref.Source)
	out, _ := definition.Encode(d)
	fmt.Println(string(out))
	// Output:
	// sys.sub_workflow inputMapping-0 CONTEXT
	// {"id":"d","name":"D","steps":[{"id":"kyc","type":"sys.sub_workflow","name":"KYC","mode":"SINGLE","childWorkflowTemplateVersionId":"v1","inputMapping":[{"id":"inputMapping-0","targetPath":"customerId","value":{"type":"field","ref":{"source":"CONTEXT","path":"customer.id"}}}],"x-color":"blue"}],"stepTransitions":[]}
}

func ExampleNewGraph() {
	d, _ := definition.Decode([]byte(`{"id": "d", "name": "D",
	  "steps": [{"id": "start", "type": "start", "name": "S"}, {"id": "gw", "type": "gateway.exclusive_split", "name": "G"},
	            {"id": "a", "type": "human.confirm", "name": "A"}, {"id": "end", "type": "end", "name": "E"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "gw"},
	    {"id": "t2", "fromStepId": "gw", "toStepId": "a", "condition": {"src": "__context__.ok"}},
	    {"id": "t3", "fromStepId": "gw", "toStepId": "end", "isDefault": true},
	    {"id": "t4", "fromStepId": "a", "toStepId": "end"}]}`))
	g := definition.NewGraph(d)
	start, _ := g.Start()
	next := g.Outgoing(start.ID)[0].ToStepID
	for _, t := range g.Outgoing(next) {
		fmt.Println(t.ID, t.ToStepID, t.IsDefault, t.Condition != nil)
	}
	// Output:
	// t2 a false true
	// t3 end true false
}
