// Package reports makes the documents that leave PelvicNotes: the patient's
// home-exercise sheet and the progress letter to the referrer, as PDF drawn
// with gofpdf, and the figure geometry shared with the screen. It imports
// store and assets, never ui.
package reports
