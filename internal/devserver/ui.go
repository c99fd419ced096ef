package devserver

import (
	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
)

// startUI serves the Temporal Web UI for the frontend at frontend on 127.0.0.1:port, in this
// (the child) process, as the Temporal CLI's dev server does. The UI's assets are embedded in its
// Go module: nothing is fetched at run time.
func startUI(frontend string, port int, namespace string) *uiserver.Server {
	s := uiserver.NewServer(uioptions.WithConfigProvider(&uiconfig.Config{
		TemporalGRPCAddress: frontend,
		Host:                "127.0.0.1",
		Port:                port,
		EnableUI:            true,
		DefaultNamespace:    namespace,
		HideLogs:            true,
		// No news feed: the machine may have no internet, and the UI would keep trying.
		DisableNewsFetch: true,
		// Served over plain HTTP on loopback, so the CSRF cookie cannot be Secure.
		CORS: uiconfig.CORS{CookieInsecure: true},
	}))
	// Start blocks until Stop; it exits the process on a listen error, so the parent picked a
	// free port for it beforehand. The parent's readiness check waits for the UI to answer.
	go func() { _ = s.Start() }()
	return s
}
