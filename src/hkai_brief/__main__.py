from hkai_brief.cli import run

run()
