print("rmqlint: not yet")
