"""Reports: pure functions of (program, schedule), and the Excel workbook built from them."""
