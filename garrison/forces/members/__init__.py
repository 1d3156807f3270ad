"""The people of the forces and the qualifications they hold."""
