import FlowConfig
import FlowCore
import Foundation
import Testing

@Suite struct TOMLHazardTests {
    @Test(arguments: [
        "[ },\n", "[[ }]]\n", "[\t}\n", "[ =]\n", "x = [ 1, }\n", "x = [ \n}\n", "x = [ # c\n}\n",
        "[daemon]\nlog_level = \"notice\"\n[ },\n    { after = \"1h\" },\n]\n",
    ])
    func inputsThatWouldAbortTheTOMLParserAreSyntaxErrors(text: String) {
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("syntax:") == true)
        #expect(found.first?.line != nil)
    }

    @Test func stringsCommentsAndArraysOfTablesAreNotMistakenForThem() throws {
        let config = try parse(
            validUsers + """
                # [ } in a comment
                [[clients]]
                id = "acme"
                name = "ACME [ } \\" '''"
                approvers = [ "carl" ]

                [ "lanes" . normal ]
                ladder = [
                    # a comment
                    { after = "1h", action = "remind" },
                ]
                """)
        #expect(config.directory.clients["acme"]?.name == "ACME [ } \" '''")
        #expect(config.directory.lanes[.normal]?.ladder.count == 1)
    }
}
