"""The softmax lesson: math (vs torch), figures, tables and the code panel."""
