"""The scanner phone: enrolment as a gate's device, the offline page, its holders list."""
