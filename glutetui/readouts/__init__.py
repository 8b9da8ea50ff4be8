"""What each surface shows, read through the store: Home's figures, History's, and the
progress of each exercise that History, the report and the command line share."""
