"""Departments, approval items, materials and the public service guide."""
