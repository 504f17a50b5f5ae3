# SPDX-License-Identifier: Apache-2.0
echo "station: {id: mine}" > mine.yaml
