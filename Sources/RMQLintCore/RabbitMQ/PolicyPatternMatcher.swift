import RMQLintSource
import RMQLintJinja

// The backtracking program a policy pattern compiles to, and the machine that runs it.
//
// Only "is there a match?" is asked (RabbitMQ runs `re:run` with `{capture, none}`), so the
// program needs no capture slots and greedy/lazy order changes speed, never the answer. The
// machine keeps its backtrack stack on the heap (no recursion per byte or per alternative);
// the only Swift recursion is one frame per nested look-around, bounded by the parser's nesting
// limit. Every instruction costs one step; the budget covers all start positions and
// look-arounds of one name.

/// One branch of a look-behind: its body and the fixed number of bytes it spans.
struct LookbehindBranch: Hashable, Sendable {
    let body: Int
    let length: Int
}

/// A program instruction.
enum PatternInstruction: Hashable, Sendable {
    /// Consume one byte from the set.
    case byteSet(Int)
    /// Try the first target; on failure, the second.
    case split(Int, Int)
    case jump(Int)
    /// Remember where an iteration of an unbounded loop started.
    case loopEnter(slot: Int)
    /// Fail an iteration that consumed nothing (PCRE breaks such loops; exiting instead is
    /// already another branch, so failing here never loses a match).
    case loopCheck(slot: Int)
    case assertion(PatternAssertion)
    /// Look-ahead: run `body` at the current position, continue at `next` when it
    /// (`negative`: does not) match.
    case lookahead(negative: Bool, body: Int, next: Int)
    /// Look-behind: some branch matches ending exactly at the current position.
    case lookbehind(negative: Bool, branches: [LookbehindBranch], next: Int)
    /// End of the program or of a look-around body.
    case succeed
}

/// A compiled pattern.
struct PatternProgram: Sendable {
    private(set) var instructions: [PatternInstruction] = []
    private(set) var sets: [ByteSet] = []
    private(set) var slotCount = 0
    private(set) var anchoredAtStart = false
    private var setIndex: [ByteSet: Int] = [:]

    init(root: PatternNode) throws(PatternFailure) {
        try emit(root)
        try append(.succeed)
        anchoredAtStart = PatternAnalysis.anchoredAtStart(root)
    }

    private mutating func append(_ instruction: PatternInstruction) throws(PatternFailure) {
        if instructions.count >= PolicyPattern.maxProgramSize {
            throw .unsupported("pattern too large once its repetitions are expanded", at: 0)
        }
        instructions.append(instruction)
    }

    /// Appends a placeholder to patch later; returns its index.
    private mutating func placeholder() throws(PatternFailure) -> Int {
        try append(.succeed)
        return instructions.count - 1
    }

    private mutating func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    private mutating func emit(_ node: PatternNode) throws(PatternFailure) {
        switch node {
        case .empty:
            return
        case .byteSet(let set):
            let index: Int
            if let known = setIndex[set] {
                index = known
            } else {
                index = sets.count
                sets.append(set)
                setIndex[set] = index
            }
            try append(.byteSet(index))
        case .assertion(let assertion):
            try append(.assertion(assertion))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jump end; next: split … ; last branch; end:
            var jumps: [Int] = []
            for (offset, branch) in branches.enumerated() {
                if offset == branches.count - 1 {
                    try emit(branch)
                } else {
                    let split = try placeholder()
                    try emit(branch)
                    jumps.append(try placeholder())
                    instructions[split] = .split(split + 1, instructions.count)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let body, let min, let max, let greedy):
            for _ in 0..<min { try emit(body) }
            if let max {
                // (body (body (…)?)?)?: each optional copy may end the repetition.
                var exits: [Int] = []
                for _ in min..<max {
                    exits.append(try placeholder())
                    try emit(body)
                }
                let end = instructions.count
                for exit in exits {
                    instructions[exit] = greedy ? .split(exit + 1, end) : .split(end, exit + 1)
                }
            } else {
                let loop = try placeholder()
                let slot = PatternAnalysis.canMatchEmpty(body) ? newSlot() : nil
                if let slot { try append(.loopEnter(slot: slot)) }
                try emit(body)
                if let slot { try append(.loopCheck(slot: slot)) }
                try append(.jump(loop))
                let end = instructions.count
                instructions[loop] = greedy ? .split(loop + 1, end) : .split(end, loop + 1)
            }
        case .look(let body, let behind, let negative):
            let head = try placeholder()
            if behind {
                let branchNodes: [PatternNode]
                if case .alternation(let alternatives) = body { branchNodes = alternatives } else { branchNodes = [body] }
                var branches: [LookbehindBranch] = []
                for branch in branchNodes {
                    // The parser rejected variable-length branches already.
                    let length = PatternAnalysis.fixedLength(branch) ?? 0
                    branches.append(LookbehindBranch(body: instructions.count, length: length))
                    try emit(branch)
                    try append(.succeed)
                }
                instructions[head] = .lookbehind(negative: negative, branches: branches, next: instructions.count)
            } else {
                try emit(body)
                try append(.succeed)
                instructions[head] = .lookahead(negative: negative, body: head + 1, next: instructions.count)
            }
        }
    }
}

/// Runs a program over one subject with a step budget.
struct PatternMachine {
    let program: PatternProgram
    let subject: [UInt8]
    let budget: Int
    private(set) var steps = 0
    private var slots: [Int]

    init(program: PatternProgram, subject: [UInt8], budget: Int) {
        self.program = program
        self.subject = subject
        self.budget = budget
        self.slots = Array(repeating: -1, count: program.slotCount)
    }

    private enum Frame {
        case thread(pc: Int, position: Int)
        case restore(slot: Int, value: Int)
    }

    /// `true` if some start position matches, `false` if none, `nil` when the budget ran out.
    mutating func search() -> Bool? {
        let lastStart = program.anchoredAtStart ? 0 : subject.count
        for start in 0...lastStart {
            switch run(from: 0, at: start, mustEndAt: nil) {
            case .some(true): return true
            case .some(false): continue
            case .none: return nil
            }
        }
        return false
    }

    private func isWord(at position: Int) -> Bool {
        position >= 0 && position < subject.count && ByteSet.word.contains(subject[position])
    }

    private func holds(_ assertion: PatternAssertion, at position: Int) -> Bool {
        switch assertion {
        case .start:
            return position == 0
        case .end:
            return position == subject.count
        case .endOrFinalNewline:
            return position == subject.count
                || (position == subject.count - 1 && subject[position] == 0x0A)
        case .wordBoundary:
            return isWord(at: position - 1) != isWord(at: position)
        case .notWordBoundary:
            return isWord(at: position - 1) == isWord(at: position)
        }
    }

    /// Runs from `pc` at `position`; `mustEndAt` (look-behind bodies) requires the body to end
    /// exactly there. `nil` when the budget ran out.
    private mutating func run(from pc: Int, at position: Int, mustEndAt: Int?) -> Bool? {
        var stack: [Frame] = [.thread(pc: pc, position: position)]
        let instructions = program.instructions
        while let frame = stack.popLast() {
            var pc: Int
            var position: Int
            switch frame {
            case .restore(let slot, let value):
                slots[slot] = value
                continue
            case .thread(let threadPC, let threadPosition):
                pc = threadPC
                position = threadPosition
            }
            thread: while pc >= 0 && pc < instructions.count {
                if steps >= budget { return nil }
                steps += 1
                switch instructions[pc] {
                case .byteSet(let index):
                    guard position < subject.count, program.sets[index].contains(subject[position]) else { break thread }
                    position += 1
                    pc += 1
                case .split(let first, let second):
                    stack.append(.thread(pc: second, position: position))
                    pc = first
                case .jump(let target):
                    pc = target
                case .loopEnter(let slot):
                    stack.append(.restore(slot: slot, value: slots[slot]))
                    slots[slot] = position
                    pc += 1
                case .loopCheck(let slot):
                    guard slots[slot] != position else { break thread }
                    pc += 1
                case .assertion(let assertion):
                    guard holds(assertion, at: position) else { break thread }
                    pc += 1
                case .lookahead(let negative, let body, let next):
                    guard let found = run(from: body, at: position, mustEndAt: nil) else { return nil }
                    guard found != negative else { break thread }
                    pc = next
                case .lookbehind(let negative, let branches, let next):
                    var found = false
                    for branch in branches where position - branch.length >= 0 {
                        guard let matched = run(from: branch.body, at: position - branch.length, mustEndAt: position) else {
                            return nil
                        }
                        if matched {
                            found = true
                            break
                        }
                    }
                    guard found != negative else { break thread }
                    pc = next
                case .succeed:
                    if let mustEndAt, mustEndAt != position { break thread }
                    return true
                }
            }
        }
        return false
    }
}
