echo "station: {id: mine}" > mine.yaml
