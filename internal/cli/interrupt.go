package cli

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// interruptible is a context that Ctrl-C (SIGINT) or SIGTERM cancels, for
// the commands that run other programs in scratch copies (--verify,
// --measure): they stop those programs, remove the copies and then exit
// with the code a shell expects for the signal (exitCode). stop releases
// the signal handler.
type interruptible struct {
	ctx  context.Context
	stop context.CancelFunc
	got  atomic.Value // the signal that cancelled ctx
}

func newInterruptible() *interruptible {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	in := &interruptible{ctx: ctx}
	in.stop = func() {
		signal.Stop(sigs)
		cancel()
	}
	go func() {
		select {
		case s := <-sigs:
			in.got.Store(s)
			cancel()
		case <-ctx.Done():
		}
	}()
	return in
}

// exitCode is 143 after SIGTERM and 130 after Ctrl-C, as a shell reports
// a process the signal ended.
func (in *interruptible) exitCode() exitError {
	if in.got.Load() == syscall.SIGTERM {
		return exitError{143}
	}
	return exitError{130}
}
