print("nianbao-bench: not yet")
