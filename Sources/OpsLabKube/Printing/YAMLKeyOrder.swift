/// go-yaml v2's mapping key order (`keyList.Less`): letters compare by code point, a non-letter sorts before a
/// letter, and runs of digits compare by numeric value (`a9` before `a10`).
enum YAMLKeyOrder {
    static func less(_ left: String, _ right: String) -> Bool {
        let a = Array(left.unicodeScalars)
        let b = Array(right.unicodeScalars)
        var index = 0
        while index < a.count, index < b.count {
            if a[index] == b[index] {
                index += 1
                continue
            }
            let aLetter = a[index].properties.isAlphabetic
            let bLetter = b[index].properties.isAlphabetic
            if aLetter, bLetter { return a[index].value < b[index].value }
            if aLetter || bLetter { return bLetter }
            var aNumber: Int64 = 0
            var bNumber: Int64 = 0
            if a[index] == "0" || b[index] == "0" {
                var back = index - 1
                while back >= 0, isDigit(a[back]) {
                    if a[back] != "0" {
                        aNumber = 1
                        bNumber = 1
                        break
                    }
                    back -= 1
                }
            }
            var aEnd = index
            while aEnd < a.count, isDigit(a[aEnd]) {
                aNumber = aNumber &* 10 &+ Int64(a[aEnd].value - 48)
                aEnd += 1
            }
            var bEnd = index
            while bEnd < b.count, isDigit(b[bEnd]) {
                bNumber = bNumber &* 10 &+ Int64(b[bEnd].value - 48)
                bEnd += 1
            }
            if aNumber != bNumber { return aNumber < bNumber }
            if aEnd != bEnd { return aEnd < bEnd }
            return a[index].value < b[index].value
        }
        return a.count < b.count
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }
}
