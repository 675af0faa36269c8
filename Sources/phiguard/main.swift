print("phiguard")
