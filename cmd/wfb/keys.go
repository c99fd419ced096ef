package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store"
)

const keysUsage = `Usage: wfb keys <create|list|revoke> [flags]

Manage the API keys of the configured database (--db, or SQLite in --data-dir), like wfb migrate.

  wfb keys create --name N --role admin|agent|service [--user U] [--groups a,b]
      create a key and print its token (shown once: only a hash is stored)
  wfb keys list
      list the keys (prefix, role, user, last use, revocation), never their tokens
  wfb keys revoke ID
      revoke a key: its token is refused from the next request on
`

// runKeys is `wfb keys`: it works on the database directly, as the system actor, so that the
// first keys of a deployment can be made before any server runs. Every change is audited.
func runKeys(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, keysUsage)
		return 0
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("keys "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, keysUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	var c config
	c.register(fs)
	var in app.KeyInput
	var role, groups string
	switch sub {
	case "create":
		fs.StringVar(&in.Name, "name", "", "what the key is for, e.g. ci-deployer (required)")
		fs.StringVar(&role, "role", "", "admin, agent or service (required)")
		fs.StringVar(&in.UserID, "user", "", "the user an agent key acts for (required for agents)")
		fs.StringVar(&groups, "groups", "", "the agent's groups, comma-separated")
	case "list", "revoke":
	default:
		fmt.Fprintf(stderr, "wfb keys: unknown subcommand %q\n\n%s", sub, keysUsage)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := checkEnv(); err != nil {
		fmt.Fprintf(stderr, "wfb keys: %v\n", err)
		return 2
	}
	want := 0
	if sub == "revoke" {
		want = 1
	}
	if fs.NArg() != want {
		fmt.Fprintf(stderr, "wfb keys %s: want %d argument(s), got %d\n", sub, want, fs.NArg())
		return 2
	}
	in.Role = store.Role(role)
	if groups != "" {
		in.Groups = strings.Split(groups, ",")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, _, err := openStore(ctx, c)
	if err != nil {
		fmt.Fprintf(stderr, "wfb keys: %v\n", err)
		return 1
	}
	defer st.Close()
	svc := app.New(st, nil)
	ctx = app.WithActor(ctx, app.SystemActor)
	switch sub {
	case "create":
		err = createKey(ctx, svc, in, stdout)
	case "list":
		err = listKeys(ctx, svc, stdout)
	default:
		err = revokeKey(ctx, svc, fs.Arg(0), stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "wfb keys %s: %v\n", sub, err)
		return 1
	}
	return 0
}

func createKey(ctx context.Context, svc *app.Service, in app.KeyInput, w io.Writer) error {
	k, err := svc.CreateAPIKey(ctx, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "created %s key %s (%s)\n", k.Key.Role, k.Key.ID, k.Key.Name)
	fmt.Fprintf(w, "token (shown once; only its hash is stored):\n%s\n", k.Token)
	return nil
}

func listKeys(ctx context.Context, svc *app.Service, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tUSER\tGROUPS\tPREFIX\tCREATED\tLAST USED\tREVOKED")
	f := store.APIKeyFilter{Page: store.Page{Limit: app.MaxLimit}}
	for {
		p, err := svc.ListAPIKeys(ctx, f)
		if err != nil {
			return err
		}
		for _, k := range p.Items {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\twfb_%s_…\t%s\t%s\t%s\n", k.ID, k.Name, k.Role, orDash(k.UserID),
				orDashS(strings.Join(k.Groups, ",")), k.Prefix, k.CreatedAt.Format(time.RFC3339), timeOrDash(k.LastUsedAt), timeOrDash(k.RevokedAt))
		}
		if p.Next == nil {
			break
		}
		f.After = p.Next
	}
	return tw.Flush()
}

func revokeKey(ctx context.Context, svc *app.Service, id string, w io.Writer) error {
	k, err := svc.RevokeAPIKey(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "revoked %s key %s (%s)\n", k.Role, k.ID, k.Name)
	return nil
}

// printFirstAdminKey creates an administrator key when the database has none and prints its
// token to w, so that a fresh `wfb serve` can be used at once. It prints nothing when keys exist.
func printFirstAdminKey(ctx context.Context, svc *app.Service, w io.Writer) error {
	k, err := svc.EnsureAdminKey(ctx, "first admin key")
	if err != nil {
		return fmt.Errorf("creating the first admin key: %w", err)
	}
	if k == nil {
		return nil
	}
	fmt.Fprintf(w, "wfb: the database had no API key, so this admin key (%s) was created. Its token is shown only\n", k.Key.ID)
	fmt.Fprintln(w, "wfb: this once; paste this line where you run curl, and send -H \"Authorization: Bearer $WFB_TOKEN\":")
	fmt.Fprintf(w, "\n    export WFB_TOKEN=%s\n\n", k.Token)
	return nil
}

func orDash(s *string) string {
	if s == nil {
		return "-"
	}
	return orDashS(*s)
}

func orDashS(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func timeOrDash(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

// announceAuth tells the operator how the server authenticates: a loud warning under --no-auth,
// else, on a database without keys, the first admin key (printFirstAdminKey). Both server roles
// do it, `wfb serve` and `wfb api`, so that a fresh deployment can be used at once; several
// `wfb api` processes starting together on an empty database may each create and print one, and
// every such key works (revoke the extras with wfb keys revoke).
func announceAuth(ctx context.Context, c config, svc *app.Service, w io.Writer) error {
	if c.NoAuth {
		fmt.Fprintln(w, "wfb: WARNING authentication is off (--no-auth): every request acts as an administrator. Local experiments only.")
		return nil
	}
	return printFirstAdminKey(ctx, svc, w)
}
