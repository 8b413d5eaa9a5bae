"""The site's own date formats, where Django's default for a language is not what our readers expect
(settings.FORMAT_MODULE_PATH; a language without a module here keeps Django's)."""
