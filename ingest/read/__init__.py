"""Reading files into text: folder walk (`discover`), dispatch and limits (`load`), text decoding (`text`),
HTML, PDF (`pdf`, `pdf_extract`) and DOCX conversion, run in a limited child process (`sandbox`, `worker`)."""
