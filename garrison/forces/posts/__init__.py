"""Posts that must be staffed: where, when, by how many, with which qualifications."""
