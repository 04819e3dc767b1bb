package main

import "io"

// runPrintLetter issues a letter with its default text (issue 7).
func runPrintLetter(args []string, stdout io.Writer) error {
	return errUsage{"print letter is not available yet"}
}
