"""The hostile corpus: a content folder of broken, strange and malicious inputs."""
