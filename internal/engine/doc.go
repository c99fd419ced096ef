// Package engine runs executions of workflow definitions on Temporal (SPEC §6): one workflow
// per execution (workflow id = execution id) on task queue [TaskQueue], running the
// interpreter (package interp) and carrying out the effects it emits: children and batch
// coordinators, data source calls, signals to parents and children, projections. It waits for
// human steps through the Update [UpdateCompleteStep] and answers the Query [QueryState] with
// the runtime view.
//
// The package only translates between Temporal and the interpreter: the semantics are in
// interp, and the database is reached through the activities' interfaces ([Projector],
// [ChildPreparer], [DataSourceLoader]), which internal/projection implements and cmd/wfb wires
// in. [Client] is the facade the application layer calls (it turns Temporal's errors into
// interp.Error values); [NewWorker] runs the workflows and their activities. The runtime
// semantics as built, and every decision where the spec is silent, are in docs/engine.md.
package engine
