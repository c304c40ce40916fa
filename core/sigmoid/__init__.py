"""The sigmoid lesson: math (vs torch), figures and the code panel."""
