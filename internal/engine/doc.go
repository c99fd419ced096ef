// Package engine runs executions of workflow definitions on Temporal (SPEC §6): one workflow
// per execution (workflow id = execution id) on task queue [TaskQueue], interpreting the
// definition's graph with tokens and dead-path elimination, waiting for human steps through the
// Update [UpdateCompleteStep], answering the Query [QueryState] with the runtime view, and
// projecting runtime status into the database through an activity.
//
// [Client] is the facade the application layer calls; [NewWorker] runs the workflow and its
// activities. The runtime semantics as built, and every decision where the spec is silent, are
// in docs/engine.md.
package engine
