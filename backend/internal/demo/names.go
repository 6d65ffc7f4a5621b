package demo

// Name pools for the generated people. They mix the families a large public district
// serves; the Spanish pools also feed the students whose family reads Spanish (locale
// "es"). Accents, apostrophes and hyphens are deliberate: usernames and emails must fold
// them to plain ASCII.
var (
	firstNames = []string{
		"Aaliyah", "Aarav", "Abigail", "Adebayo", "Aiden", "Aisha", "Akira", "Alejandro",
		"Amir", "Ananya", "Andre", "Anika", "Arjun", "Ava", "Ayesha", "Benjamin", "Bilal",
		"Brianna", "Caleb", "Camila", "Chloé", "Chen", "Chidi", "Connor", "Daniela", "Darius",
		"Deja", "Dmitri", "Elijah", "Elif", "Emeka", "Emily", "Ethan", "Fatima", "Finn",
		"Gabriel", "Grace", "Hana", "Hassan", "Imani", "Isaac", "Isabella", "Jada", "Jamal",
		"Jasmine", "Jayden", "Ji-woo", "Jonah", "Kai", "Kalani", "Kenji", "Keisha", "Khalid",
		"Kofi", "Layla", "Leah", "Liam", "Lucas", "Malik", "Marcus", "Mariam", "Mateo",
		"Mei", "Mia", "Mohammed", "Nadia", "Naomi", "Nia", "Noah", "Nkechi", "Olivia",
		"Omar", "Oscar", "Priya", "Quinn", "Rafael", "Rania", "Ravi", "Rohan", "Ruby",
		"Samuel", "Sana", "Sebastián", "Siddharth", "Simone", "Sora", "Tariq", "Tatiana",
		"Thanh", "Theo", "Tyrone", "Valentina", "Vikram", "Wei", "Xavier", "Yara", "Yusuf",
		"Zainab", "Zoë", "Zuri",
	}
	lastNames = []string{
		"Abdullah", "Adeyemi", "Ahmed", "Ali", "Anderson", "Baker", "Banerjee", "Bennett",
		"Brooks", "Campbell", "Chang", "Chen", "Cohen", "Coleman", "Davis", "Diallo",
		"Dubois", "Edwards", "Evans", "Fernandes", "Fischer", "Foster", "Friedman",
		"Goldberg", "Gupta", "Haddad", "Hall", "Hashemi", "Hughes", "Ibrahim", "Ivanova",
		"Jackson", "Jensen", "Johnson", "Kapoor", "Kaur", "Kim", "Kowalski", "Kuznetsov",
		"Lee", "Lewis", "Li", "Lin", "Mahmoud", "Martin", "McCarthy", "Mensah", "Miller",
		"Mitchell", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "O'Brien", "O'Connor",
		"Okafor", "Okonkwo", "Owusu", "Park", "Patel", "Petrov", "Phillips", "Quinn",
		"Rahman", "Reddy", "Robinson", "Rossi", "Sato", "Schmidt", "Shah", "Singh",
		"Smith-Jones", "Sokolov", "Suzuki", "Tanaka", "Taylor", "Thompson", "Tran",
		"Turner", "Usman", "Vargas", "Wang", "Washington", "Williams", "Wilson", "Wong",
		"Yamamoto", "Yilmaz", "Young", "Zhang", "Zhou",
	}
	spanishFirstNames = []string{
		"Adriana", "Alejandra", "Andrés", "Ángel", "Carlos", "Catalina", "Diego", "Elena",
		"Emilio", "Esteban", "Gabriela", "Guadalupe", "Ignacio", "Jimena", "Joaquín",
		"José", "Juan Pablo", "Lucía", "Luis", "Manuel", "María José", "Martina", "Nicolás",
		"Paola", "Renata", "Santiago", "Sofía", "Valeria", "Ximena", "Yesenia",
	}
	spanishLastNames = []string{
		"Acosta", "Aguilar", "Castillo", "Cruz", "Delgado", "Díaz", "Flores", "García",
		"Gómez", "González", "Guerrero", "Gutiérrez", "Hernández", "Jiménez", "López",
		"Martínez", "Medina", "Morales", "Muñoz", "Núñez", "Ortiz", "Peña", "Pérez",
		"Ramírez", "Reyes", "Rivera", "Rodríguez", "Romero", "Sánchez", "Torres",
	}
)
