import Foundation

// The entry point only dispatches: commands, and any C callbacks, live in other files (see PLATFORM.md on
// callbacks written in main.swift running on the main actor's state from foreign threads).
exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst())))
