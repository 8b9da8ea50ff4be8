"""The live workout: a program turned into a plan at the person's doses, the run that
drives the engine and hands every finished set to the writer, the effort check, and
what the summary shows afterwards."""
