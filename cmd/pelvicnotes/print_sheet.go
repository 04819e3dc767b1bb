package main

import "io"

// runPrintSheet prints a patient's current home programme (issue 6).
func runPrintSheet(args []string, stdout io.Writer) error {
	return errUsage{"print sheet is not available yet"}
}
