"""Reading files into text: format detection and limits (`load`), HTML, PDF and DOCX extraction."""
