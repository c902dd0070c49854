from hkai_brief.cli import main

main(prog_name="hkai-brief")
