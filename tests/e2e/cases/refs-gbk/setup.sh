# SPDX-License-Identifier: Apache-2.0
# A reference table saved in GBK (as spreadsheet exports often are):
# lint says it is not UTF-8, at the line and column of the first bad byte.
printf 'code,name\n420302001,wudanglu\n420302002,\311\347\271\244\325\276\n' >packs/gbk/towns.csv
