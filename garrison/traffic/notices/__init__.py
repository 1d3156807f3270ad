"""Official public notices of closures and detours, and their public pages, feeds and PDFs."""
