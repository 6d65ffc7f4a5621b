//go:build !linux

package main

// useFreePages does nothing: madvdontneed is a Linux setting.
func useFreePages() {}
