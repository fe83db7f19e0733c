package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// StoreLoad says what writing a corpus into a pcgraph store took.
type StoreLoad struct {
	Consultations int
	Comments      int
	Quads         int           // store.WriteResult.Total, summed
	Write         time.Duration // the store writes, without waiting for tables to be read (what `pcgraph load` prints)
	Wall          time.Duration // the whole `pcgraph load` command: reading the tables, writing, closing the store
	PeakRSS       int64         // of the `pcgraph load` process (VmHWM, read every 20 ms while it runs), in bytes
}

// QuadsPerSecond is the write throughput.
func (l StoreLoad) QuadsPerSecond() float64 {
	if l.Write <= 0 {
		return 0
	}
	return float64(l.Quads) / l.Write.Seconds()
}

// read adds what one line of `pcgraph load` (or `serve --load`) says was written: a
// consultation ("loaded …"), or the writes' time ("wrote …", then wrote is set).
func (l *StoreLoad) read(line string) (wrote bool, err error) {
	if m := reLoaded.FindStringSubmatch(line); m != nil {
		comments, _ := strconv.Atoi(m[2])
		quads, _ := strconv.Atoi(m[3])
		l.Consultations++
		l.Comments += comments
		l.Quads += quads
	} else if m := reWrote.FindStringSubmatch(line); m != nil {
		d, err := time.ParseDuration(m[1])
		if err != nil {
			return false, fmt.Errorf("cannot read the write time of %q: %v", line, err)
		}
		l.Write += d
		return true, nil
	}
	return false, nil
}

// LoadStore runs `exe load --store spec dirs…` as a child process and reads what it
// wrote from the lines it prints. A child, not a call: its time and memory are then the
// command's own, as a researcher would see them, and not those of a bench process that
// holds the parsed corpus and the limit (about 8 GB at 1,000,000 comments, which the
// collector scanned on every cycle of an in-process load: 8.1× the peer, against 2× at
// 100,000).
func LoadStore(ctx context.Context, exe, spec string, dirs []string) (StoreLoad, error) {
	var l StoreLoad
	cmd := exec.CommandContext(ctx, exe, append([]string{"load", "--store", spec}, dirs...)...)
	cmd.SysProcAttr = childAttr()
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return l, err
	}
	// The child's high-water mark, read while it runs: getrusage's ru_maxrss would not
	// do, as Linux counts in it the memory of the bench process it was forked from
	// (1.9 GB where /usr/bin/time -v pcgraph load says 1.6).
	stop, peak := make(chan struct{}), make(chan int64, 1)
	go func() {
		var hwm int64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if v, err := PeakRSS(cmd.Process.Pid); err == nil {
				hwm = max(hwm, v)
			}
			select {
			case <-stop:
				peak <- hwm
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	close(stop)
	l.PeakRSS = <-peak
	l.Wall = time.Since(start)
	if err != nil {
		return l, fmt.Errorf("pcgraph load: %w\n%s%s", err, clip(stdout.Bytes()), clip(stderr.Bytes()))
	}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	wrote := false
	for sc.Scan() {
		w, err := l.read(sc.Text())
		if err != nil {
			return l, fmt.Errorf("pcgraph load: %w", err)
		}
		wrote = wrote || w
	}
	if !wrote {
		return l, fmt.Errorf("pcgraph load printed no \"wrote …\" line:\n%s", clip(stdout.Bytes()))
	}
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		// A synthetic corpus has no problem rows: anything on stderr is a change in the
		// loader that the bench would otherwise measure unnoticed.
		return l, fmt.Errorf("pcgraph load reported problems:\n%s", clip([]byte(msg)))
	}
	return l, nil
}
