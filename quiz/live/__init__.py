"""The live game: a teacher's projector, every student on a phone in their own language.

models (quiz/models/live.py) hold the state; services.py the rules; snapshots.py what each screen
shows, built once per change and rendered per language; consumers.py the WebSockets; views.py the
pages (which also work without JavaScript).
"""
