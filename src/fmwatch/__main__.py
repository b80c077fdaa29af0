from fmwatch.cli import main

main()
