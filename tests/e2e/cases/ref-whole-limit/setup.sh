# SPDX-License-Identifier: Apache-2.0
mkdir -p p/data && awk 'BEGIN { print "code,name"; for (i = 0; i <= 250000; i++) printf "%012d,n%d\n", i, i }' > p/data/t.csv
