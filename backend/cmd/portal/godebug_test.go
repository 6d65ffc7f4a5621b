package main

import (
	"slices"
	"testing"
)

func TestWithFreePages(t *testing.T) {
	for _, tc := range []struct {
		name        string
		env         []string
		want        []string
		wantChanged bool
	}{
		{"no GODEBUG", []string{"HOME=/root"}, []string{"HOME=/root", "GODEBUG=madvdontneed=0"}, true},
		{"empty GODEBUG", []string{"GODEBUG="}, []string{"GODEBUG=madvdontneed=0"}, true},
		{"other settings kept", []string{"GODEBUG=gctrace=1", "PATH=/bin"}, []string{"GODEBUG=gctrace=1,madvdontneed=0", "PATH=/bin"}, true},
		{"the operator's choice wins", []string{"GODEBUG=gctrace=1, madvdontneed=1"}, []string{"GODEBUG=gctrace=1, madvdontneed=1"}, false},
		{"already restarted", []string{"GODEBUG=madvdontneed=0"}, []string{"GODEBUG=madvdontneed=0"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, changed := withFreePages(tc.env)
			if !slices.Equal(got, tc.want) || changed != tc.wantChanged {
				t.Errorf("withFreePages(%q) = %q, %v; want %q, %v", tc.env, got, changed, tc.want, tc.wantChanged)
			}
		})
	}
}
