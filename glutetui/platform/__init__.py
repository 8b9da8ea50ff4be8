"""The platform glutetui runs on: where files live, the settings file, the clock,
writing files safely, sounds and speech, and keeping the screen awake."""
