"""Builders of the default docx templates under ``templates/``: ``common`` holds the shared
parts (base document, kop surat, tables, signature blocks), the other modules one family of
documents each. ``tools/make_templates.py`` lists every template and writes them all."""
