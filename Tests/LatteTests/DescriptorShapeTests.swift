import Latte
import Testing

@Suite struct DescriptorShapeTests {
    let published = "16,-:16,i,i:16,ij,ij:16,ijk,ijk:8,i,j,ij:2,ij,jk,ki:2,i,i,j,j"

    @Test func parsesEveryTermKindOfTheMethod() throws {
        let shape = try DescriptorShape(published)
        #expect(shape.terms.count == 7)
        #expect(shape.descriptorLength == 76)
        #expect(shape.terms.map(\.componentCount) == [16, 16, 16, 16, 8, 2, 2])
        #expect(shape.terms.map(\.bodyOrder) == [2, 3, 3, 3, 4, 4, 5])
        #expect(shape.terms.map(\.channelCount) == [16, 32, 32, 32, 24, 6, 8])
        #expect(shape.channelCount == 150)
        #expect(shape.terms.map(\.ranks) == [[0], [1, 1], [2, 2], [3, 3], [1, 1, 2], [2, 2, 2], [1, 1, 1, 1]])
        #expect(shape.componentOffsets == [0, 16, 32, 48, 64, 72, 74])
        #expect(shape.componentRange(ofTerm: 5) == 72..<74)
        #expect(shape.maximumRank == 3)
        #expect(shape.description == published)
    }

    @Test func radialTermIsOneRankZeroBody() throws {
        let term = try DescriptorShape("5,-").terms[0]
        #expect(term.isRadial)
        #expect(term.bodyCount == 1 && term.bodies[0].rank == 0)
        #expect(term.letters.isEmpty && term.contractions.isEmpty)
        #expect(term.channelCount == 5)
        #expect(term.description == "5,-")
    }

    @Test func channelsAreBodyMajor() throws {
        let term = try DescriptorShape("4,i,j,ij").terms[0]
        #expect(term.channel(body: 0, component: 3) == 3)
        #expect(term.channel(body: 1, component: 0) == 4)
        #expect(term.channel(body: 2, component: 2) == 10)
    }

    @Test func describesWhichIndicesEachLetterJoins() throws {
        let triangle = try DescriptorShape("2,ij,jk,ki").terms[0]
        #expect(triangle.letters == ["i", "j", "k"])
        #expect(triangle.bodies.map(\.slots) == [[0, 1], [1, 2], [2, 0]])
        let i = triangle.contractions[0]
        #expect(i.letter == "i")
        #expect(i.first == TensorIndex(body: 0, position: 0) && i.second == TensorIndex(body: 2, position: 1))
        let k = triangle.contractions[2]
        #expect(k.first == TensorIndex(body: 1, position: 1) && k.second == TensorIndex(body: 2, position: 0))

        let fourBody = try DescriptorShape("2,i,j,ij").terms[0]
        #expect(fourBody.bodies.map(\.slots) == [[0], [1], [0, 1]])
        let trace = try DescriptorShape("2,ii").terms[0]
        #expect(trace.contractions == [LetterContraction(letter: "i", first: TensorIndex(body: 0, position: 0),
                                                         second: TensorIndex(body: 0, position: 1))])
    }

    @Test func toleratesSpacesAndWritesCanonicalText() throws {
        let shape = try DescriptorShape(" 3, - : 2 ,ij, ij ")
        #expect(shape.description == "3,-:2,ij,ij")
    }

    @Test(arguments: [
        ("", "descriptor shape '': the shape is empty; expected terms like '16,-:16,i,i'"),
        ("16,-::4,i,i", "descriptor shape '16,-::4,i,i': term 2 is empty; expected 'n,body,...'"),
        ("16,-:", "descriptor shape '16,-:': term 2 is empty; expected 'n,body,...'"),
        ("x,-", "descriptor shape 'x,-': term 1 'x,-': the component count 'x' is not a positive integer"),
        ("0,i,i", "descriptor shape '0,i,i': term 1 '0,i,i': the component count '0' is not a positive integer"),
        ("-3,i,i", "descriptor shape '-3,i,i': term 1 '-3,i,i': the component count '-3' is not a positive integer"),
        ("2.5,i,i", "descriptor shape '2.5,i,i': term 1 '2.5,i,i': the component count '2.5' is not a positive integer"),
        ("16", "descriptor shape '16': term 1 '16': no bodies; expected 'n,-' (radial) or bodies of index letters like 'n,i,i'"),
        ("16,-,i", "descriptor shape '16,-,i': term 1 '16,-,i': '-' (the pure radial term) must be the only body, as in '16,-'"),
        ("4,i,,i", "descriptor shape '4,i,,i': term 1 '4,i,,i': body 2 is empty"),
        ("4,iJ,ij", "descriptor shape '4,iJ,ij': term 1 '4,iJ,ij': body 'iJ' contains 'J'; bodies are lowercase letters a-z (or '-' alone)"),
        ("4,i1,i1", "descriptor shape '4,i1,i1': term 1 '4,i1,i1': body 'i1' contains '1'; bodies are lowercase letters a-z (or '-' alone)"),
        ("4,-:4,ij,i", "descriptor shape '4,-:4,ij,i': term 2 '4,ij,i': letter 'j' appears once; every letter must appear exactly twice for a rotation invariant"),
        ("4,ii,i", "descriptor shape '4,ii,i': term 1 '4,ii,i': letter 'i' appears 3 times; every letter must appear exactly twice for a rotation invariant"),
    ])
    func refusesMalformedShapes(text: String, message: String) {
        #expect {
            _ = try DescriptorShape(text)
        } throws: { error in
            (error as? DescriptorShapeError)?.description == message
        }
    }
}
