package rosterimport

import (
	"archive/zip"
	"io/fs"
)

// unpacked is what the files of a zipped set declare they unpack to; archive/zip refuses
// to read a file past its declared size, so the declaration bounds the work of the check.
func unpacked(fsys fs.FS) uint64 {
	var total uint64
	_ = fs.WalkDir(fsys, ".", func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			if h, ok := info.Sys().(*zip.FileHeader); ok {
				total += h.UncompressedSize64
			}
		}
		return nil
	})
	return total
}
