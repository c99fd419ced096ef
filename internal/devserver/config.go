package devserver

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"google.golang.org/protobuf/types/known/durationpb"
)

// DatabaseFile is the name of the Temporal SQLite database inside the data directory. It is
// separate from the application database so that either can be reset without the other.
const DatabaseFile = "temporal.db"

// Retention is how long the embedded server keeps the history of a closed execution.
const Retention = 30 * 24 * time.Hour

// clusterName is the single cluster this server forms; it only matters inside the database.
const clusterName = "active"

// dynamicConfig removes the dev server's polling delays: with one history shard the internal
// queue readers are rate-limited to 20 polls a second by default, which adds 45-95 ms to every
// workflow task (measured, see TEMPORAL-NOTES). 1000 brings a sequential workflow to 15-24 ms.
func dynamicConfig() dynamicconfig.StaticClient {
	return dynamicconfig.StaticClient{
		dynamicconfig.TransferProcessorMaxPollRPS.Key():   1000,
		dynamicconfig.VisibilityProcessorMaxPollRPS.Key(): 1000,
		dynamicconfig.TimerProcessorMaxPollRPS.Key():      1000,
	}
}

// sqlConfig is the server's own pure-Go SQLite plugin on a file in WAL mode: WAL lets readers
// run beside the single writer, which is what makes more than one connection safe.
func sqlConfig(dataDir string) *config.SQL {
	return &config.SQL{
		PluginName:   sqliteplugin.PluginName,
		DatabaseName: filepath.Join(dataDir, DatabaseFile),
		ConnectAttributes: map[string]string{
			"mode":         "rwc",
			"journal_mode": "wal",
			"synchronous":  "normal",
			"busy_timeout": "10000",
		},
		MaxConns:     4,
		MaxIdleConns: 4,
	}
}

// prepareDatabase creates the SQLite schema when the database file does not exist yet; a no-op
// on a restart.
func prepareDatabase(sql *config.SQL) error {
	if _, err := os.Stat(sql.DatabaseName); errors.Is(err, os.ErrNotExist) {
		if err := sqliteschema.SetupSchema(sql); err != nil {
			return fmt.Errorf("setting up the Temporal schema in %s: %w", sql.DatabaseName, err)
		}
	} else if err != nil {
		return fmt.Errorf("checking the Temporal database %s: %w", sql.DatabaseName, err)
	}
	return nil
}

// registerNamespace registers the namespace in the store if it is missing (a no-op on a
// restart), directly in the database before the server starts, as the Temporal CLI's dev server
// does. The helper lives in the server's sqlite schema package but works through the generic
// SQL plugin interface, so PostgreSQL uses it too.
func registerNamespace(sql *config.SQL, namespace string) error {
	ns, err := sqliteschema.NewNamespaceConfig(clusterName, namespace, false, nil)
	if err != nil {
		return fmt.Errorf("building namespace %q: %w", namespace, err)
	}
	// The runtime view of a closed execution is read from its history, which the server
	// deletes after the retention period; the helper's default of one day is too short.
	ns.Detail.Config.Retention = durationpb.New(Retention)
	if err := sqliteschema.CreateNamespaces(sql, ns); err != nil {
		return fmt.Errorf("registering namespace %q: %w", namespace, err)
	}
	return nil
}

// ports are the gRPC ports of the four services. Only the frontend's is chosen by the user; the
// others are internal and picked free at every start.
type ports struct {
	frontend, history, matching, worker int
}

func pickPorts(frontend int) (ports, error) {
	p := ports{frontend: frontend}
	for _, dst := range []*int{&p.history, &p.matching, &p.worker} {
		port, err := FreePort()
		if err != nil {
			return ports{}, err
		}
		*dst = port
	}
	return p, nil
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1. Another process may take it
// before it is bound again; callers that cannot retry should pass a fixed port.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("releasing port %d: %w", port, err)
	}
	return port, nil
}

func hostPort(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

// storage is where the server keeps its state: one SQLite file for both stores (visibility
// nil), or two PostgreSQL databases; shards is the number of history shards a new cluster is
// created with.
type storage struct {
	store, visibility *config.SQL
	shards            int32
	dsn               string // the application's PostgreSQL URL, or "" for SQLite
}

// serverConfig is the whole static configuration of a one-process Temporal server.
// Membership is static (no ringpop): every service runs in this process.
func serverConfig(st storage, p ports) (*config.Config, map[primitives.ServiceName]static.Hosts) {
	var conf config.Config
	conf.Persistence.DefaultStore = "default"
	conf.Persistence.VisibilityStore = "default"
	conf.Persistence.NumHistoryShards = st.shards
	conf.Persistence.DataStores = map[string]config.DataStore{"default": {SQL: st.store}}
	if st.visibility != nil {
		conf.Persistence.VisibilityStore = "visibility"
		conf.Persistence.DataStores["visibility"] = config.DataStore{SQL: st.visibility}
	}
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				// No ClusterID: the server generates one on first start and keeps it in the
				// database, so restarts of the same data directory agree.
				RPCAddress: hostPort(p.frontend),
			},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	service := func(port int) config.Service {
		var s config.Service
		s.RPC.GRPCPort = port
		s.RPC.BindOnIP = "127.0.0.1"
		return s
	}
	conf.Services = map[string]config.Service{
		string(primitives.FrontendService): service(p.frontend),
		string(primitives.HistoryService):  service(p.history),
		string(primitives.MatchingService): service(p.matching),
		string(primitives.WorkerService):   service(p.worker),
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = hostPort(p.frontend)
	hosts := map[primitives.ServiceName]static.Hosts{
		primitives.FrontendService: static.SingleLocalHost(hostPort(p.frontend)),
		primitives.HistoryService:  static.SingleLocalHost(hostPort(p.history)),
		primitives.MatchingService: static.SingleLocalHost(hostPort(p.matching)),
		primitives.WorkerService:   static.SingleLocalHost(hostPort(p.worker)),
	}
	return &conf, hosts
}
