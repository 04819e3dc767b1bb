package main

import (
	"fmt"
	"io"
)

// runPrint prints a document: "print sheet" (issue 6) or "print letter" (issue 7).
func runPrint(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errUsage{"print needs what to print: sheet or letter"}
	}
	switch args[0] {
	case "sheet":
		return runPrintSheet(args[1:], stdout)
	case "letter":
		return runPrintLetter(args[1:], stdout)
	}
	return errUsage{fmt.Sprintf("print %q: choose sheet or letter", args[0])}
}
