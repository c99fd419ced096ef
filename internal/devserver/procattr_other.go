//go:build !linux

package devserver

import "syscall"

// childAttr has no parent-death signal outside Linux; the child still stops when its stdin,
// held open by the parent, reaches end of file.
func childAttr() *syscall.SysProcAttr { return nil }
