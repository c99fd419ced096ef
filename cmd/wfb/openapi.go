package main

import (
	"fmt"
	"io"

	"github.com/workflowbuilder/wfb/internal/api"
)

const openapiUsage = `Usage: wfb openapi

Prints the OpenAPI 3.1 document of the API, exactly what a server of this build answers at
/openapi.json, without a database or Temporal. The web app's typed client is generated from it:

  go run ./cmd/wfb openapi > web/src/api/openapi.json
`

// runOpenAPI is `wfb openapi`.
func runOpenAPI(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			fmt.Fprint(stdout, openapiUsage)
			return 0
		}
		fmt.Fprintf(stderr, "wfb openapi: unexpected argument %q\n\n%s", args[0], openapiUsage)
		return 2
	}
	doc, err := api.Document(buildVersion())
	if err != nil {
		fmt.Fprintf(stderr, "wfb openapi: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(doc); err != nil {
		fmt.Fprintf(stderr, "wfb openapi: writing the document: %v\n", err)
		return 1
	}
	return 0
}
