package devserver

import "syscall"

// childAttr makes the kernel send SIGTERM to the child when the parent dies, even by SIGKILL.
// The signal follows the OS thread that started the child, which is why the supervisor keeps
// its goroutine locked to one thread for the child's lifetime.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
