from hkai_brief.cli import console

console()
