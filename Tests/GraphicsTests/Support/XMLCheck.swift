import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses `text` with Foundation's XMLParser; returns the root element's name and attributes, every element
/// name seen, all character data, or the parser error.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var root: String?
    private(set) var rootAttributes: [String: String] = [:]
    private(set) var elements: [String] = []
    private(set) var characters = ""
    private(set) var attributeValues: [String] = []

    static func parse(_ text: String) -> Result<XMLCheck, Error> {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = check
        if parser.parse() { return .success(check) }
        return .failure(parser.parserError ?? NSError(domain: "XMLCheck", code: 1))
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if root == nil { root = elementName; rootAttributes = attributeDict }
        elements.append(elementName)
        attributeValues += attributeDict.values
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        characters += string
    }
}
